namespace OrleansFed.Runtime.Core;

/// <summary>One <c>AddGrain&lt;TInterface, TGrain&gt;()</c> call.</summary>
internal sealed record GrainRegistration(Type Interface, Type GrainClass);
