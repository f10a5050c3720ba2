namespace OrleansFed.Runtime;

/// <summary>Hands out references to grains. A reference is cheap, can be kept and never needs to be released.</summary>
public interface IGrainFactory
{
    /// <summary>Gets a reference to the grain of interface <typeparamref name="TGrain"/> with the given string key.</summary>
    /// <typeparam name="TGrain">A grain interface registered with <c>AddGrain</c>.</typeparam>
    /// <param name="key">The grain's key; any non-null string.</param>
    /// <returns>A reference whose calls are delivered to the single activation of that grain.</returns>
    TGrain GetGrain<TGrain>(string key) where TGrain : IGrainWithStringKey;

    /// <summary>Gets a reference to the grain of interface <typeparamref name="TGrain"/> with the given GUID key.</summary>
    /// <typeparam name="TGrain">A grain interface registered with <c>AddGrain</c>.</typeparam>
    /// <param name="key">The grain's key.</param>
    /// <returns>A reference whose calls are delivered to the single activation of that grain.</returns>
    TGrain GetGrain<TGrain>(Guid key) where TGrain : IGrainWithGuidKey;
}
