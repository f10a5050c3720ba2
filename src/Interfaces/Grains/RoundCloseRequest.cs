using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Wire;

namespace OrleansFed.Interfaces.Grains;

/// <summary>Asks a round attempt to close.</summary>
/// <param name="Reason">Why the caller closes it.</param>
/// <param name="ClosedAt">The closing instant recorded in the history.</param>
/// <param name="CurrentModel">The global model the round started from (strategies such as server optimizers need it).</param>
public sealed record RoundCloseRequest(CloseReason Reason, DateTimeOffset ClosedAt, ModelBlob CurrentModel);
