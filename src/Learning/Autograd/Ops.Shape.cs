using System.Numerics.Tensors;

namespace OrleansFed.Learning.Autograd;

public static partial class Ops
{
    /// <summary>The same elements under a new shape (no copy in the forward pass).</summary>
    /// <param name="tape">The recording tape.</param>
    /// <param name="x">Input.</param>
    /// <param name="shape">New shape with the same number of elements.</param>
    /// <returns>A view sharing <paramref name="x"/>'s storage.</returns>
    public static Tensor Reshape(Tape tape, Tensor x, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(tape);
        ArgumentNullException.ThrowIfNull(x);
        if (Tensor.CheckedSize(shape) != x.Length)
        {
            throw new ArgumentException($"Cannot reshape {x.ShapeText} ({x.Length} elements) to [{string.Join(',', shape)}].", nameof(shape));
        }

        var y = new Tensor(x.Buffer, shape) { ArenaOwned = true };
        if (tape.ShouldRecord(x))
        {
            y.RequiresGrad = true;
            tape.Record(new DelegateNode(t =>
            {
                if (!y.HasGradient)
                {
                    return;
                }

                Span<float> dx = t.GradientTarget(x, out bool acc);
                if (acc)
                {
                    TensorPrimitives.Add(dx, y.Gradient, dx);
                }
                else
                {
                    y.Gradient.CopyTo(dx);
                }
            }));
        }

        return y;
    }

    /// <summary>Flattens [batch, …] to [batch, features].</summary>
    /// <param name="tape">The recording tape.</param>
    /// <param name="x">Input with at least one dimension.</param>
    /// <returns>A [batch, features] view.</returns>
    public static Tensor Flatten(Tape tape, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return x.Rank == 2 ? x : Reshape(tape, x, x.Dim(0), x.Length / x.Dim(0));
    }
}
