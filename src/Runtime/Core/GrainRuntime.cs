namespace OrleansFed.Runtime.Core;
internal sealed class GrainRuntime : IGrainFactory
{
    public TGrain GetGrain<TGrain>(string key) where TGrain : IGrainWithStringKey => throw new NotImplementedException();
    public TGrain GetGrain<TGrain>(Guid key) where TGrain : IGrainWithGuidKey => throw new NotImplementedException();
}
