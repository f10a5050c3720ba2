global using Tensor = OrleansFed.Learning.Tensors.Tensor;
