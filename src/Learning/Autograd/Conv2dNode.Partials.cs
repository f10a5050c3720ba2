using System.Numerics.Tensors;

namespace OrleansFed.Learning.Autograd;

/// <summary>Helpers of <see cref="Conv2dNode"/> that need none of its constructor's operands.</summary>
internal sealed partial class Conv2dNode
{
    public void AddSquaredNorms(Span<float> squaredNorms)
    {
        int size = PerExampleSize;
        for (int s = 0; s < _batch; s++)
        {
            ReadOnlySpan<float> g1 = _perExample.AsSpan(s * size, size);
            squaredNorms[s] += TensorPrimitives.Dot(g1, g1);
        }
    }

    private static void SumPartials(Span<float> target, bool accumulate, float[] buffer, int scratch, bool[] slotUsed, int offset, int length)
    {
        bool written = accumulate;
        for (int slot = 0; slot < slotUsed.Length; slot++)
        {
            if (!slotUsed[slot])
            {
                continue;
            }

            ReadOnlySpan<float> partial = buffer.AsSpan((slot * scratch) + offset, length);
            if (!written)
            {
                partial.CopyTo(target);
                written = true;
            }
            else
            {
                TensorPrimitives.Add(target, partial, target);
            }
        }
    }
}
