using OrleansFed.Learning;

namespace OrleansFed.Cli;

/// <summary>
/// Loads the data a command trains on — MNIST from a directory, or a seeded synthetic stand-in with MNIST's shape —
/// and cuts a participant's partition out of it. Every participant given the same arguments sees the same split.
/// </summary>
internal static class TrainingData
{
    /// <summary>The <c>--data</c> value that selects synthetic data.</summary>
    public const string Synthetic = "synthetic";

    /// <summary>Default training-set size of the synthetic data.</summary>
    public const int DefaultSyntheticTrainCount = 6000;

    /// <summary>Test-set size of the synthetic data.</summary>
    public const int SyntheticTestCount = 1000;

    /// <summary>Loads the training and test sets named by <paramref name="data"/> (a directory or <c>synthetic</c>).</summary>
    public static (Dataset Train, Dataset Test) Load(string data, int seed, int syntheticTrainCount = DefaultSyntheticTrainCount)
    {
        if (string.Equals(data, Synthetic, StringComparison.OrdinalIgnoreCase))
        {
            // MNIST's shape (784 features, 10 classes) so every model of the catalogue fits.
            return SyntheticData.Create(syntheticTrainCount, SyntheticTestCount, 784, 10, seed);
        }

        if (!Mnist.Exists(data))
        {
            throw new UsageException(
                $"--data '{data}' does not hold the four MNIST IDX files ({Mnist.TrainImages}, {Mnist.TrainLabels}, "
                + $"{Mnist.TestImages}, {Mnist.TestLabels}); run scripts/fetch-mnist.sh, or pass --data {Synthetic}.");
        }

        return Mnist.Load(data);
    }

    /// <summary>Splits <paramref name="train"/> among <paramref name="parties"/> parties by <paramref name="spec"/>.</summary>
    public static int[][] Split(Dataset train, string spec, int parties, int seed)
    {
        IPartitioner partitioner;
        try
        {
            partitioner = Partitioners.Parse(spec);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException($"--partition: {PlainMessage(ex)}", ex);
        }

        try
        {
            return partitioner.Split(train, parties, seed);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException($"--partition '{spec}' over {parties} parties: {PlainMessage(ex)}", ex);
        }
    }

    /// <summary>
    /// Parties implied by a spec when <c>--clients</c> is absent: the number of sizes of a <c>sizes:</c> spec,
    /// otherwise none (the caller must ask for <c>--clients</c>).
    /// </summary>
    public static int? ImpliedParties(string spec)
    {
        var text = spec.Trim();
        return text.StartsWith("sizes:", StringComparison.OrdinalIgnoreCase)
            ? text["sizes:".Length..].Split(',').Length
            : null;
    }

    /// <summary>Resolves the party count from <c>--clients</c> and the spec, checking they agree.</summary>
    public static int ResolveParties(int? clients, string spec)
    {
        var implied = ImpliedParties(spec);
        if (clients is { } n)
        {
            if (implied is { } m && m != n)
            {
                throw new UsageException($"--partition '{spec}' lists {m} sizes but --clients is {n}.");
            }

            return n;
        }

        return implied ?? throw new UsageException($"--clients is required with --partition '{spec}'.");
    }

    /// <summary>An argument exception's message without the " (Parameter 'x')" suffix meant for developers.</summary>
    public static string PlainMessage(ArgumentException exception)
    {
        var suffix = exception.ParamName is null ? null : $" (Parameter '{exception.ParamName}')";
        var message = exception.Message;
        return suffix is not null && message.EndsWith(suffix, StringComparison.Ordinal) ? message[..^suffix.Length] : message;
    }
}
