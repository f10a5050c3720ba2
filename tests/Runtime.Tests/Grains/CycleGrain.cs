namespace OrleansFed.Runtime.Tests.Grains;

public interface ICycleGrain : IGrainWithStringKey
{
    /// <summary>Calls the next key in <paramref name="path"/> (which receives the rest of the path) and returns the
    /// keys visited, this one first.</summary>
    Task<string> Visit(ImmutableArray<string> path);
}

internal sealed class CycleGrain : Grain, ICycleGrain
{
    public async Task<string> Visit(ImmutableArray<string> path)
    {
        if (path.IsEmpty)
        {
            return GetPrimaryKeyString();
        }

        var rest = await GrainFactory.GetGrain<ICycleGrain>(path[0]).Visit(path.RemoveAt(0));
        return $"{GetPrimaryKeyString()}>{rest}";
    }
}
