namespace OrleansFed.Client.Participant;

/// <summary>
/// A participant behaviour hook: rewrites the weights a <see cref="ParticipantNode"/> is about to upload, after local
/// training and before encoding. Honest participants have none. Experiments use it to simulate Byzantine participants
/// (see <see cref="Adversaries.UpdateAttack"/>) without any change to the silo.
/// </summary>
public interface IUpdateTransform
{
    /// <summary>Short name for logs and reports, e.g. <c>sign-flip:4</c>.</summary>
    string Name { get; }

    /// <summary>Rewrites <paramref name="weights"/> in place.</summary>
    /// <param name="round">Round the update is for (1-based).</param>
    /// <param name="attempt">Attempt of that round (1-based).</param>
    /// <param name="global">The global model the participant started the round from.</param>
    /// <param name="weights">The locally trained weights; on return, the weights to upload. Same length as <paramref name="global"/>.</param>
    void Apply(int round, int attempt, ReadOnlySpan<float> global, Span<float> weights);
}
