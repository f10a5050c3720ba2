namespace OrleansFed.Runtime;

/// <summary>The state, ETag and existence flag a storage provider reads into and writes from.</summary>
/// <typeparam name="T">The state type.</typeparam>
public interface IGrainState<T>
{
    /// <summary>The state value.</summary>
    T State { get; set; }

    /// <summary>The ETag of the stored record, <see langword="null"/> if none was ever stored.</summary>
    string? ETag { get; set; }

    /// <summary>Whether a stored record exists (false before the first write and after a clear).</summary>
    bool RecordExists { get; set; }
}
