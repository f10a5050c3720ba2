namespace OrleansFed.Interfaces.SecProbe;

/// <summary>
/// What a participant reads before training: the round it may upload to, whether that round still accepts uploads, the
/// network the weights follow and how to train (the campaign's functional-mechanism settings). It holds no score and
/// no other participant's identity.
/// </summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="Phase"><see cref="Collecting"/>, <see cref="Completed"/> or <see cref="Stopped"/>.</param>
/// <param name="Round">The round collecting uploads (1-based); after the last round, the number of rounds.</param>
/// <param name="Rounds">Rounds in the campaign.</param>
/// <param name="Accepted">Uploads the current round accepted so far.</param>
/// <param name="Accept">M.</param>
/// <param name="Inputs">Input features of the network.</param>
/// <param name="Hidden">Bounded hidden units.</param>
/// <param name="Outputs">Classes.</param>
/// <param name="FeatureScale">Scale of the bounded hidden features.</param>
/// <param name="ParticipantEpsilon">ε₂ an accepted upload costs its participant.</param>
/// <param name="Iterations">I, gradient iterations per round.</param>
/// <param name="LearningRate">ρ, the relative step.</param>
/// <param name="CoefficientRelease">How the objective's coefficients are released (<c>per-class</c> or <c>class-sums</c>).</param>
public sealed record SecProbeRoundView(
    string CampaignId,
    string Phase,
    int Round,
    int Rounds,
    int Accepted,
    int Accept,
    int Inputs,
    int Hidden,
    int Outputs,
    double FeatureScale,
    double ParticipantEpsilon,
    int Iterations,
    double LearningRate,
    string CoefficientRelease)
{
    /// <summary>The current round accepts uploads until it holds M.</summary>
    public const string Collecting = "collecting";

    /// <summary>Every round has run; the final model is available.</summary>
    public const string Completed = "completed";

    /// <summary>The operator stopped the campaign before its last round; the model is the last selected average.</summary>
    public const string Stopped = "stopped";

    /// <summary>Whether the campaign has ended (completed or stopped): no round will take uploads any more.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Ended => Phase is Completed or Stopped;
}
