namespace OrleansFed.Interfaces.Collab;

/// <summary>Where the current step of a FedCollabNN campaign is.</summary>
public enum CollabPhase
{
    /// <summary>The campaign's step grain was never opened.</summary>
    NotOpened = 0,

    /// <summary>Workers announce that their minibatch loss for the step is ready; membership is not fixed yet.</summary>
    Joining = 1,

    /// <summary>Membership is fixed; members submit their silo share and their partial sum of the shares they received.</summary>
    Sharing = 2,
}
