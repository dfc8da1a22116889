// Package ad owns float64 tensors, the differentiable ops of the papers'
// networks (each op's forward and derivative rules together), reverse-mode
// gradients, exact Hessian-vector products and the third-order contraction
// ∇(uᵀH(w)v), all over flat parameter vectors. It imports nothing above gonum.
//
// # Ops
//
// A Layer is one op of a sequential stack bound to the shape of one example:
// Linear (matmul with transposes, bias add), Conv2D (stride, zero padding),
// Pool2D (max and average), Reduce (global sums and means), Flatten, and the
// elementwise Activations (relu,
// elu, tanh, gelu, softplus, hardtanh, sigmoid, identity, square). Each
// layer implements, in one file, four rules: Forward, Backward (vector-
// Jacobian products), ForwardTangent (Jacobian-vector products, Pearlmutter's
// R-operator) and BackwardTangent (the R-operator applied to Backward), and,
// as a JetLayer, ForwardJet and BackwardJet (the same differentiated along a
// second direction). The losses (MSE ½‖o − y‖² and softmax cross-entropy)
// give the value, gradient, Hessian-vector product and third-order term in
// the output. Model.ThirdOrders computes the third-order products of all
// pairs of a set of directions in one pass that shares the primal and
// first-order streams (ad.BatchThirdOrderer).
//
// # Graphs
//
// A Graph records ops on Tensors for any DAG of ops over named parameter
// tensors (GraphSpec, GraphModel): MatMul and Linear (batched, with
// broadcasting), Conv2D (stride, padding), MaxPool2D, AvgPool2D,
// GlobalAvgPool, Add, Sub, Mul (broadcasting over leading axes), Reshape,
// Permute, Transpose, Slice, Split, Concat, Embedding, Softmax,
// LogSoftmax, Masked, LayerNorm, GroupNorm, the activations, Attention
// (multi-head, causal mask), Sinusoidal positions, LSTM, and PositionLoss
// (cross-entropy or MSE over positions, label −1 ignored). Each primitive
// has one rule, its vector-Jacobian product written in graph ops; the
// others are compositions with no rule of their own. Because the rules
// are themselves recorded, Grad(create=true) differentiates again:
// GraphModel's HVP is a double backward and its ThirdOrder ∇(uᵀH(w)v) a
// triple backward, exact for every op (graph_ops_test.go checks each
// against 4th-order differences). Stacks remain the faster path for the
// sequential fc, cnn and deep linear nets; graphs serve everything else.
//
// # Derivatives
//
// A Stack chains layers over one flat parameter vector (each layer's tensors
// in PyTorch's parameters() order). A Model binds a stack and a loss to a
// dataset and is an ad.Function: Loss, Grad, exact HVP by forward-over-
// reverse (one forward pass carrying tangents, one backward pass carrying
// gradient tangents: about 1.5–2.5× a gradient), and the exact ThirdOrder
// ∇(uᵀH(w)v) by forward-over-forward-over-reverse (checked against
// hyper-dual arithmetic and PyTorch's triple backward). ThirdOrderFD, a
// Richardson-extrapolated central difference of HVPs, serves any Function
// (≈ 1e-11 relative on smooth networks). For curvature-matrix tools a
// Model also gives network-output Jacobian products (JVP, VJP) and the
// generalized Gauss–Newton product GGNVP (JᵀH_ℓJ/n), so
// hessian.NewGaussNewton works on networks. Sums over examples (means
// divide by n) are reduced in fixed
// chunks in fixed order: results are bitwise identical whatever GOMAXPROCS.
//
// # Speed
//
// All matrix products go through one blocked, packed GEMM (gemm.go, also
// exported as Gemm) with a micro-kernel chosen at run time from the CPU:
// 14×16 AVX-512 or 6×8 AVX2/FMA in Go assembly on amd64, a portable
// math.FMA kernel elsewhere (build tag purego forces it; EOSLAB_GEMM or
// SetGemmKernel picks one). Each output is one fused multiply-add chain
// over k in order, so every kernel, blocking and thread count gives the
// same bits. Buffers are
// reused across calls, and a Model keeps the primal pass of its last HVP so
// that further HVPs at the same w (Lanczos, power iteration) compute only
// tangents (SetHVPCache). There is no cgo build; BENCHMARKS.md gives the
// measured rates beside OpenBLAS's.
package ad
