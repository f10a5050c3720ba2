// System.Numerics.Tensors declares its own Tensor type; inside this project "Tensor" is always ours.
global using Tensor = OrleansFed.Learning.Tensors.Tensor;

// Kernels stackalloc small scratch tiles on hot paths and always write before reading them.
[module: System.Runtime.CompilerServices.SkipLocalsInit]
