using System.Diagnostics;
using OrleansFed.Runtime.Diagnostics;

namespace OrleansFed.Runtime.Core;

/// <summary>The <see cref="IPersistentState{TState}"/> injected into grains: one record of one storage provider.</summary>
internal sealed class PersistentState<TState> : IPersistentState<TState>, IGrainState<TState>, IActivationState
    where TState : new()
{
    private readonly string _stateName;
    private readonly string _storageName;
    private readonly IGrainStorage _storage;
    private readonly GrainId _grainId;
    private readonly RuntimeInstruments _instruments;

    public PersistentState(string stateName, string storageName, IGrainStorage storage, GrainId grainId, RuntimeInstruments instruments)
    {
        _stateName = stateName;
        _storageName = storageName;
        _storage = storage;
        _grainId = grainId;
        _instruments = instruments;
    }

    public TState State { get; set; } = new();

    public string? ETag { get; set; }

    string? IPersistentState<TState>.Etag => ETag;

    public bool RecordExists { get; set; }

    public Task ReadStateAsync(CancellationToken cancellationToken = default) =>
        _storage.ReadStateAsync(_stateName, _grainId, this, cancellationToken);

    public async Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        var start = Stopwatch.GetTimestamp();
        await _storage.WriteStateAsync(_stateName, _grainId, this, cancellationToken).ConfigureAwait(false);
        _instruments.StorageWritten(_storageName, Stopwatch.GetElapsedTime(start));
    }

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        var start = Stopwatch.GetTimestamp();
        await _storage.ClearStateAsync(_stateName, _grainId, this, cancellationToken).ConfigureAwait(false);
        _instruments.StorageWritten(_storageName, Stopwatch.GetElapsedTime(start));
    }

    /// <summary>A factory that needs no reflection per activation, created once per grain constructor parameter.</summary>
    internal static IActivationState Create(string stateName, string storageName, IGrainStorage storage, GrainId grainId, RuntimeInstruments instruments) =>
        new PersistentState<TState>(stateName, storageName, storage, grainId, instruments);
}
