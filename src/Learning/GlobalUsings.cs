// System.Numerics.Tensors declares its own Tensor type; inside this project "Tensor" is always ours.
global using Tensor = OrleansFed.Learning.Tensors.Tensor;
