namespace OrleansFed.Runtime;

/// <summary>Marker for grain interfaces whose grains are identified by a <see cref="Guid"/> key.</summary>
public interface IGrainWithGuidKey : IGrain;
