// Package install writes and removes the Jupyter kernelspec (kernel.json and
// logos) for eoslab.
package install
