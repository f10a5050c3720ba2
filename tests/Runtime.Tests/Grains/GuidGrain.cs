namespace OrleansFed.Runtime.Tests.Grains;

public interface IGuidGrain : IGrainWithGuidKey
{
    Task<Guid> Key();

    Task<string> KeyString();

    Task<GrainId> Id();
}

[GrainType("guid-grain")]
internal sealed class GuidGrain : Grain, IGuidGrain
{
    public Task<Guid> Key() => Task.FromResult(GetPrimaryKey());

    public Task<string> KeyString() => Task.FromResult(GetPrimaryKeyString());

    public Task<GrainId> Id() => Task.FromResult(GrainId);
}
