using System.Runtime.CompilerServices;

namespace OrleansFed.Learning.Autograd;

/// <summary>
/// What the backward pass of a fused convolution → ReLU → max-pool needs instead of the convolution's output: the
/// pooled values (whose sign is the ReLU's mask at each maximum), their gradient, and the index of each maximum in
/// the (never stored) convolution output.
/// </summary>
internal sealed class PoolLink(Tensor pooled, float[] argMax, int pooledPerExample)
{
    /// <summary>Writes dZ for examples [first, first+count) into <paramref name="dz"/> (count·outputSize floats).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public unsafe void RouteGradient(int first, int count, int outputSize, float* dz)
    {
        new Span<float>(dz, count * outputSize).Clear();
        fixed (float* values = pooled.Buffer, grad = pooled.GradientBuffer, indices = argMax)
        {
            int* at = (int*)indices;
            long from = (long)first * pooledPerExample, to = from + ((long)count * pooledPerExample);
            long origin = (long)first * outputSize;
            for (long o = from; o < to; o++)
            {
                if (values[o] > 0f)
                {
                    dz[at[o] - origin] += grad[o];
                }
            }
        }
    }
}
