using System.Text.Json.Serialization;

namespace OrleansFed.Learning.Benchmarking;

/// <summary>Outcome of one benchmark run (serialises to the benchmark contract's snake_case JSON).</summary>
public sealed record TrainBenchmarkResult
{
    /// <summary>The model name.</summary>
    [JsonPropertyName("model")]
    public required string Model { get; init; }

    /// <summary>Kernel threads.</summary>
    [JsonPropertyName("threads")]
    public required int Threads { get; init; }

    /// <summary>Training examples processed per second of training wall time.</summary>
    [JsonPropertyName("samples_per_second")]
    public required double SamplesPerSecond { get; init; }

    /// <summary>Training wall time (excludes data loading and the final evaluation).</summary>
    [JsonPropertyName("seconds")]
    public required double Seconds { get; init; }

    /// <summary>Accuracy on the 10,000 test images.</summary>
    [JsonPropertyName("test_accuracy")]
    public required double TestAccuracy { get; init; }

    /// <summary>Epochs trained.</summary>
    [JsonPropertyName("epochs")]
    public required int Epochs { get; init; }

    /// <summary>Mini-batch size (expected size under Poisson sampling).</summary>
    [JsonPropertyName("batch_size")]
    public required int BatchSize { get; init; }

    /// <summary>Learning rate.</summary>
    [JsonPropertyName("learning_rate")]
    public required double LearningRate { get; init; }

    /// <summary>Optimizer steps.</summary>
    [JsonPropertyName("steps")]
    public required long Steps { get; init; }

    /// <summary>Under DP-SGD: the accounting parameters (sampling rate, noise multiplier, steps); otherwise null.</summary>
    [JsonPropertyName("dp")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DpSgd.DpSgdAccounting? Dp { get; init; }
}
