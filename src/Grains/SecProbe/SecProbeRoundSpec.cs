namespace OrleansFed.Grains.SecProbe;

/// <summary>What one SecProbe round runs with.</summary>
/// <param name="CampaignId">The campaign, or an HTTP campaign's <see cref="SecProbeKeys.Scope"/>: its ledgers record the round's privacy events.</param>
/// <param name="Round">Round number, 1-based.</param>
/// <param name="Accept">M: uploads accepted before the rest are told to stop.</param>
/// <param name="Select">K ≤ M: uploads averaged.</param>
/// <param name="SelectionEpsilon">ε₁ of each exponential-mechanism draw (K draws per round).</param>
/// <param name="ParticipantEpsilon">ε₂ the participants spend on their functional-mechanism objective (recorded in their ledgers).</param>
/// <param name="UtilitySensitivity">Δu of the validation utility.</param>
/// <param name="Exponential">False selects K uniformly at random instead (an ablation; no selection privacy is claimed then).</param>
/// <param name="GlobalWeights">The weights participants start from; never mutated.</param>
public sealed record SecProbeRoundSpec(
    string CampaignId,
    int Round,
    int Accept,
    int Select,
    double SelectionEpsilon,
    double ParticipantEpsilon,
    double UtilitySensitivity,
    bool Exponential,
    float[] GlobalWeights)
{
    /// <summary>
    /// Parameters before this index are not averaged: the new model keeps the silo's global values there (0, the
    /// default, averages whole uploads as the paper does). Set it to the output layer's offset when participants train
    /// only the output layer, so an upload cannot change what no honest participant changes.
    /// </summary>
    public int AverageFrom { get; init; }

    /// <summary>
    /// Selects the K uploads by one exponential mechanism over K-subsets with budget Kε₁ (utility: the sum of the set's
    /// scores) instead of K successive draws of ε₁ each (false, the default and the paper's Algorithm 2). Both spend Kε₁
    /// per round; the joint draw weighs each upload by exp(Kε₁·u/(2Δu)) instead of exp(ε₁·u/(2Δu)). Needs
    /// <see cref="Exponential"/>.
    /// </summary>
    public bool JointSelection { get; init; }

    /// <summary>
    /// The silo's named validation set that scores the uploads (<see cref="ISecProbeValidationSets"/>), or
    /// <see langword="null"/> for a host with one fixed validator (the simulator).
    /// </summary>
    public string? ValidationSet { get; init; }

    /// <summary>Bounded hidden units of the network the weights follow (used with <see cref="ValidationSet"/>).</summary>
    public int Hidden { get; init; }

    /// <summary>
    /// How long a claimed place (<see cref="ISecProbeRoundGrain.ClaimAsync"/>) is held for its participant; zero (the
    /// default) disables claims, and the round is plain first-M-uploads.
    /// </summary>
    public TimeSpan ClaimTimeout { get; init; }
}
