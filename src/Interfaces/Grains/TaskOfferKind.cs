namespace OrleansFed.Interfaces.Grains;

/// <summary>What a participant asking for work gets.</summary>
public enum TaskOfferKind
{
    /// <summary>Nothing for this participant right now (not selected, already submitted, paused, or waiting to start).</summary>
    None,

    /// <summary>A training task.</summary>
    Assigned,

    /// <summary>The campaign has ended (completed, stopped or failed); no more tasks will come.</summary>
    CampaignEnded,
}
