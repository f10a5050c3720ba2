using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansFed.Cli.Simulation;

/// <summary>
/// The JSON report of <c>orleansfed simulate</c> (snake_case on disk). Later protocols add members here (or, for
/// protocol-specific figures, entries in <see cref="Extra"/>) without breaking readers of the existing ones.
/// </summary>
internal sealed record SimulationReport
{
    /// <summary>Writer settings: snake_case, indented, absent optional members omitted.</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public required string Protocol { get; init; }

    /// <summary>Privacy mechanism in force; <c>"none"</c> for plain FedAvg.</summary>
    public required string Privacy { get; init; }

    /// <summary>Ciphertexts per participant update under <c>--privacy paillier</c>; absent otherwise.</summary>
    public int? PaillierCiphertextsPerUpdate { get; init; }

    /// <summary>Aggregation rule in canonical spec form as the silo stored it, e.g. <c>trimmed-mean:beta=0.2</c>.</summary>
    public required string Aggregator { get; init; }

    public required string Model { get; init; }

    public required string Dataset { get; init; }

    public required int Clients { get; init; }

    public required int Seed { get; init; }

    public string? Partition { get; init; }

    public int? LocalEpochs { get; init; }

    public int? BatchSize { get; init; }

    public float? LearningRate { get; init; }

    /// <summary>Fraction of participants sampled per round, when one was set.</summary>
    public double? SampleFraction { get; init; }

    /// <summary>Requested fraction of simulated Byzantine participants; absent without <c>--byzantine</c>.</summary>
    public double? ByzantineFraction { get; init; }

    /// <summary>Attack the Byzantine participants ran, in canonical form (e.g. <c>sign-flip:4</c>).</summary>
    public string? Attack { get; init; }

    /// <summary>Party indices (0-based, as in <c>party-I</c>) of the Byzantine participants.</summary>
    public IReadOnlyList<int>? ByzantineClients { get; init; }

    public required IReadOnlyList<RoundReport> Rounds { get; init; }

    /// <summary>Test accuracy of the final global model (fraction in [0, 1]).</summary>
    public required double FinalTestAccuracy { get; init; }

    /// <summary>Test loss of the final global model.</summary>
    public double? FinalTestLoss { get; init; }

    /// <summary>Test accuracy of one model trained on the union of all parties' data, when asked for.</summary>
    public double? CentralizedTestAccuracy { get; init; }

    /// <summary>Seconds the centralized baseline took to train.</summary>
    public double? CentralizedSeconds { get; init; }

    /// <summary>Seconds from data loading to the final evaluation of the federated run.</summary>
    public required double WallSeconds { get; init; }

    /// <summary>ε spent at <see cref="Delta"/> as the silo accounted it (DP modes): the campaign ledger's for
    /// <c>dp-central</c>, the largest participant ε for <c>dp-sgd</c>.</summary>
    public double? Epsilon { get; init; }

    /// <summary>δ of <see cref="Epsilon"/> and of every round's ε.</summary>
    public double? Delta { get; init; }

    /// <summary><c>dp-sgd</c>: each participant's ε from its durable ledger at the silo, by participant id.</summary>
    public IReadOnlyDictionary<string, double>? ParticipantEpsilon { get; init; }

    /// <summary><c>dp-sgd</c>: the largest ε a participant node computed for itself (cross-check of the silo's figure).</summary>
    public double? ParticipantEpsilonLocalMax { get; init; }

    /// <summary>Protocol-specific figures, written as top-level members.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
