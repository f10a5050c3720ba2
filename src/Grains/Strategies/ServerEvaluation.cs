namespace OrleansFed.Grains.Strategies;

/// <summary>A server-side evaluation of a global model, for strategies that hold evaluation data.</summary>
/// <param name="Loss">Loss on the evaluation data.</param>
/// <param name="Accuracy">Accuracy on the evaluation data.</param>
/// <param name="Count">Number of evaluated samples.</param>
public sealed record ServerEvaluation(double Loss, double Accuracy, int Count);
