using OrleansFed.Learning;

namespace OrleansFed.Grains.Campaigns;

/// <summary>Initial models from the training engine (<see cref="ModelSpec.Parse"/> and <see cref="Model.Create"/>).</summary>
public sealed class LearningModelFactory : IInitialModelFactory
{
    /// <inheritdoc />
    public bool IsKnown(string model)
    {
        try
        {
            _ = ModelSpec.Parse(model);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public float[] Create(string model, int seed) => Model.Create(ModelSpec.Parse(model), seed).GetParameters();
}
