namespace OrleansFed.Runtime.Tests.Grains;

public interface IGuidGrain : IGrainWithGuidKey
{
    Task<Guid> Key();

    Task<string> KeyString();

    Task<GrainId> Id();

    Task<string> KeyAtConstruction();
}

[GrainType("guid-grain")]
internal sealed class GuidGrain : Grain, IGuidGrain
{
    private readonly string _keyAtConstruction;

    public GuidGrain() => _keyAtConstruction = GetPrimaryKeyString();

    public Task<string> KeyAtConstruction() => Task.FromResult(_keyAtConstruction);

    public Task<Guid> Key() => Task.FromResult(GetPrimaryKey());

    public Task<string> KeyString() => Task.FromResult(GetPrimaryKeyString());

    public Task<GrainId> Id() => Task.FromResult(GrainId);
}
