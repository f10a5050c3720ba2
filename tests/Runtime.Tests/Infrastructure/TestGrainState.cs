namespace OrleansFed.Runtime.Tests.Infrastructure;

/// <summary>A plain <see cref="IGrainState{T}"/> for calling storage providers directly.</summary>
public sealed class TestGrainState<T> : IGrainState<T> where T : new()
{
    public T State { get; set; } = new();

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}
