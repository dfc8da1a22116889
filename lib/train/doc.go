// Package train owns the training loop: stepping an optimizer on an
// ad.Function, tracking loss, accuracy, gradient norm and (preconditioned)
// sharpness, running companion flows alongside, stop conditions, and
// trajectories streamed to JSONL and exported to CSV and .npy.
package train
