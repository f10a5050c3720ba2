namespace OrleansFed.Runtime.Core;

/// <summary>The handle returned for a stored reminder.</summary>
internal sealed record GrainReminder(GrainId GrainId, string ReminderName, string ETag) : IGrainReminder;
