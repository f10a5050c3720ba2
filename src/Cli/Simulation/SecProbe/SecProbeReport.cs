using System.Text.Json;

namespace OrleansFed.Cli.Simulation.SecProbe;

/// <summary>The JSON report of a SecProbe simulation (snake_case on disk, like <see cref="SimulationReport"/>).</summary>
internal sealed record SecProbeReport
{
    public string Protocol { get; init; } = "secprobe";

    public required string Dataset { get; init; }

    /// <summary><c>accuracy</c> (higher is better) or <c>mre</c> (lower is better).</summary>
    public required string Metric { get; init; }

    public required int Clients { get; init; }

    public required int M { get; init; }

    public required int K { get; init; }

    /// <summary>ε₂ per participant per round (functional mechanism).</summary>
    public required double Epsilon { get; init; }

    /// <summary>ε₁ per selected upload (Kε₁ per round, in K draws or one joint draw).</summary>
    public required double SelectionEpsilon { get; init; }

    /// <summary><c>sequential</c> (K draws of ε₁, the paper's) or <c>joint</c> (one draw of the K-set, budget Kε₁).</summary>
    public required string SelectionMechanism { get; init; }

    public required double UtilitySensitivity { get; init; }

    public required double Unreliable { get; init; }

    public required int UnreliableParticipants { get; init; }

    public required double NoiseFraction { get; init; }

    public required int Malicious { get; init; }

    public required string Aggregate { get; init; }

    /// <summary>True when the silo averaged only the output layer and kept its hidden layer.</summary>
    public required bool SiloKeepsHidden { get; init; }

    public required int Hidden { get; init; }

    public required int Iterations { get; init; }

    public required double LearningRate { get; init; }

    public required int Seed { get; init; }

    /// <summary>The Laplace sensitivity Δ the participants used (Lemma 3 or 4 in the network's feature bound, or the class-sums release's 2b + b²/4).</summary>
    public required double FunctionalMechanismSensitivity { get; init; }

    /// <summary><c>per-class</c> or <c>class-sums</c>: how the classification coefficients were released.</summary>
    public required string CoefficientRelease { get; init; }

    /// <summary>Tuples the silo kept for pretraining only (0: it pretrained on its validation set).</summary>
    public required int SiloPretrainSize { get; init; }

    public required IReadOnlyList<SecProbeRoundReport> Rounds { get; init; }

    public required double FinalTestMetric { get; init; }

    public required double FinalFedAvgSameUploadsMetric { get; init; }

    /// <summary>Selected unreliable uploads / all selected uploads, over all rounds.</summary>
    public required double UnreliableSelectionRate { get; init; }

    /// <summary>Accepted unreliable uploads / all accepted uploads: the rate a blind choice would give.</summary>
    public required double UnreliableAcceptedRate { get; init; }

    /// <summary>Selected malicious uploads / all selected uploads, over all rounds.</summary>
    public required double MaliciousSelectionRate { get; init; }

    /// <summary>Accepted malicious uploads / all accepted uploads.</summary>
    public required double MaliciousAcceptedRate { get; init; }

    /// <summary>The campaign ledger's ε (basic composition of the selections, Kε₁ per round).</summary>
    public required double SelectionEpsilonSpent { get; init; }

    /// <summary>The largest participant ledger ε (basic composition, ε₂ per round taken part in).</summary>
    public required double MaxParticipantEpsilonSpent { get; init; }

    /// <summary>One clean participant training alone with the same ε₂ and rounds (with --baselines).</summary>
    public double? StandAloneTestMetric { get; init; }

    /// <summary>One party holding every participant's clean data, same ε₂ and rounds (with --baselines).</summary>
    public double? CentralizedTestMetric { get; init; }

    /// <summary>Centralized without noise (with --baselines): the ceiling of this architecture and objective.</summary>
    public double? CentralizedNoiselessTestMetric { get; init; }

    public required double WallSeconds { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, SimulationReport.Json);
}
