// Package nn owns the architectures of the edge-of-stability papers (fc-ACT,
// cnn-ACT, deep linear nets), a non-generic builder for custom stacks, PyTorch
// default initialisation, and the objectives that bind a network, a dataset
// and a loss into an ad.Function.
package nn
