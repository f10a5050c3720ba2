namespace OrleansFed.Interfaces.Api;

/// <summary>A round a participant has been selected for, returned by <c>GET /v1/campaigns/{id}/tasks/next</c>.</summary>
public sealed record TrainingTask
{
    /// <summary>Round number (1-based).</summary>
    public required int Round { get; init; }

    /// <summary>Attempt of that round (1-based).</summary>
    public required int Attempt { get; init; }

    /// <summary>Version of the global model to start from (download it from <c>/model</c>).</summary>
    public required long ModelVersion { get; init; }

    /// <summary>Model name (<c>"mlp"</c>, <c>"logreg"</c>, <c>"cnn"</c>), so participants need no admin access.</summary>
    public required string Model { get; init; }

    /// <summary>Local epochs to train.</summary>
    public required int LocalEpochs { get; init; }

    /// <summary>Local mini-batch size.</summary>
    public required int BatchSize { get; init; }

    /// <summary>Local SGD learning rate.</summary>
    public required float LearningRate { get; init; }

    /// <summary>Seed for the participant's local shuffling in this round.</summary>
    public required int Seed { get; init; }

    /// <summary>Updates must arrive before this instant.</summary>
    public required DateTimeOffset Deadline { get; init; }

    /// <summary>FedProx proximal coefficient μ participants add as (μ/2)·‖w − w_global‖² to their local loss;
    /// absent (<see langword="null"/>) unless the campaign's aggregator is <c>fedprox</c>.</summary>
    public float? ProximalMu { get; init; }

    /// <summary>In a <c>paillier</c> campaign: what to do with the key and where the ciphertexts go; otherwise absent.</summary>
    public Paillier.PaillierTask? Paillier { get; init; }

    /// <summary>DP-SGD settings when the campaign's privacy mode is <c>dp-sgd</c>: the participant must then train with
    /// DP-SGD (per-example clipping, Gaussian noise, Poisson sampling); absent otherwise.</summary>
    public DpSgdTaskSettings? DpSgd { get; init; }

    /// <summary><c>dp-distributed</c>: the noise share each participant adds before secure aggregation;
    /// <see langword="null"/> otherwise.</summary>
    public DpDistributedTaskSettings? DpDistributed { get; init; }

    /// <summary>The campaign's privacy mode spec (e.g. <c>secagg:…</c>); absent for plain updates. Under <c>secagg</c> the
    /// participant runs the secure-aggregation steps (<c>/rounds/{round}/secagg</c>) instead of uploading its update.</summary>
    public string? Privacy { get; init; }
}
