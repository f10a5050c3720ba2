namespace OrleansFed.Cli.Simulation;

/// <summary>Receives a simulation's milestones, for display.</summary>
internal interface ISimulationObserver
{
    /// <summary>Data loaded and partitioned; the silo and participants are starting.</summary>
    void Started(SimulationSettings settings, IReadOnlyList<int> partitionSizes, int testCount);

    /// <summary>A round closed and its global model was evaluated.</summary>
    void RoundCompleted(RoundReport round, int totalRounds);

    /// <summary>The centralized baseline is training.</summary>
    void CentralizedStarted(int samples, int epochs);
}
