// Package nn owns the architectures of the edge-of-stability and
// central-flows papers (fc-ACT, cnn-ACT, deep linear nets as layer stacks;
// transformer, lstm, resnet, vit, vgg as ad graphs), a non-generic builder
// for custom stacks, NewGraphNet for custom graphs built from ad's ops in a
// cell, PyTorch default initialisation, and the objectives that bind a
// network, a dataset and a loss into an ad.Function.
//
//	net, _ := nn.New("fc-tanh", set.Shape, set.Outputs, nn.Config{})
//	obj, _ := nn.NewObjective(net, set, "mse", nn.ObjectiveConfig{})
//	w := net.Init(0)
//	g := make([]float64, obj.Dim())
//	loss := obj.Grad(g, w)
//
// Parameter vectors are laid out exactly as PyTorch's parameters_to_vector
// of the equivalent nn.Sequential (weights (out, in[, k, k]) row-major, then
// biases, layer by layer), so vectors move between the two unchanged; the
// loss, gradient and HVP agree with PyTorch's double backward to 1e-10
// relative (TestTorchAgreement). Graph networks follow the parameter order
// of their PyTorch modules in testdata/torch_graph.py, and agree with
// their double and triple backward to 1e-10 (TestTorchGraphAgreement). Init draws from PyTorch's distributions
// with its own seeded generator: the same seed gives the same vector here,
// not the same vector as torch.manual_seed.
package nn
