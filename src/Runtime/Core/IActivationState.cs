namespace OrleansFed.Runtime.Core;

/// <summary>A persistent state the runtime reads before <see cref="Grain.OnActivateAsync"/>.</summary>
internal interface IActivationState
{
    Task ReadStateAsync(CancellationToken cancellationToken = default);
}
