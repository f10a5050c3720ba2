namespace OrleansFed.Runtime.Diagnostics;
internal sealed class RuntimeInstruments;
