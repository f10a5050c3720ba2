namespace OrleansFed.Client.Participant;

/// <summary>Steps of the participant loop.</summary>
public enum ParticipantProgressKind
{
    /// <summary>Enrolled (or resumed a stored enrollment).</summary>
    Enrolled,

    /// <summary>Received a training task.</summary>
    TaskReceived,

    /// <summary>Downloaded the global model for the task.</summary>
    ModelDownloaded,

    /// <summary>Trained locally and uploaded the update; the silo acknowledged it.</summary>
    Submitted,

    /// <summary>The silo refused the update because the round had closed or the node was not selected.</summary>
    SubmissionRefused,

    /// <summary>The silo is unreachable or failing; the node is backing off before reconnecting.</summary>
    Reconnecting,

    /// <summary>The campaign ended; the loop is done.</summary>
    CampaignEnded,
}
