using System.Globalization;
using System.Numerics.Tensors;
using OrleansFed.Client.Participant;

namespace OrleansFed.Client.Adversaries;

/// <summary>
/// Sign-flipping attack: uploads x − s·(w − x), the locally trained update w − x negated and scaled by s, where x is the
/// round's global model. With s = 1 the participant pushes the model exactly as far backwards as honest training would
/// push it forwards.
/// </summary>
public sealed class SignFlipAttack : IUpdateTransform
{
    /// <summary>Default scale s.</summary>
    public const float DefaultScale = 1f;

    /// <summary>Creates the attack.</summary>
    /// <param name="scale">Scale s &gt; 0 of the negated update.</param>
    public SignFlipAttack(float scale = DefaultScale)
    {
        if (!(scale > 0) || !float.IsFinite(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The sign-flip scale must be a positive finite number.");
        }

        Scale = scale;
    }

    /// <summary>Scale s of the negated update.</summary>
    public float Scale { get; }

    /// <inheritdoc />
    public string Name => $"{UpdateAttack.SignFlip}:{Scale.ToString("R", CultureInfo.InvariantCulture)}";

    /// <inheritdoc />
    public void Apply(int round, int attempt, ReadOnlySpan<float> global, Span<float> weights)
    {
        if (global.Length != weights.Length)
        {
            throw new ArgumentException($"The global model has {global.Length} weights but the update has {weights.Length}.", nameof(weights));
        }

        // Written as x − s·(w − x), not (1 + s)·x − s·w, so that s = 1 gives exactly x − (w − x).
        TensorPrimitives.Subtract(weights, global, weights);
        TensorPrimitives.Multiply(weights, -Scale, weights);
        TensorPrimitives.Add(weights, global, weights);
    }
}
