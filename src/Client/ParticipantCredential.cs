namespace OrleansFed.Client;

/// <summary>
/// A participant's identity in one campaign: its id and bearer token. <see cref="ToString"/> omits the token, so the
/// credential can be logged or shown without leaking the secret.
/// </summary>
/// <param name="CampaignId">Campaign the participant is enrolled in.</param>
/// <param name="ParticipantId">Participant id assigned by the silo.</param>
/// <param name="Token">Bearer secret returned once at enrollment.</param>
public sealed record ParticipantCredential(string CampaignId, string ParticipantId, string Token)
{
    /// <summary>Campaign and participant id; never the token.</summary>
    /// <returns>A description without the secret.</returns>
    public override string ToString() => $"ParticipantCredential {{ CampaignId = {CampaignId}, ParticipantId = {ParticipantId} }}";
}
