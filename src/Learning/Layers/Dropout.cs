using OrleansFed.Learning.Autograd;

namespace OrleansFed.Learning.Layers;

/// <summary>Inverted dropout, active only in training mode; masks come from a seeded stream.</summary>
public sealed class Dropout : Layer
{
    private readonly DeterministicRandom _random;

    /// <summary>Creates the layer.</summary>
    /// <param name="probability">Drop probability in [0, 1).</param>
    /// <param name="seed">Seed of the mask stream.</param>
    public Dropout(float probability, int seed = 0)
        : this(probability, new DeterministicRandom(seed, stream: 0xD209))
    {
    }

    internal Dropout(float probability, DeterministicRandom random)
    {
        if (!(probability >= 0f && probability < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), "Dropout probability must be in [0, 1).");
        }

        Probability = probability;
        _random = random;
    }

    /// <summary>Drop probability.</summary>
    public float Probability { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tape tape, Tensor input) =>
        Training && Probability > 0f ? Ops.Dropout(tape, input, Probability, _random) : input;
}
