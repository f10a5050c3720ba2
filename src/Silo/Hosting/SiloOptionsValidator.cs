using Microsoft.Extensions.Options;

namespace OrleansFed.Silo.Hosting;

/// <summary>Validates <see cref="SiloOptions"/> at start-up.</summary>
internal sealed class SiloOptionsValidator : IValidateOptions<SiloOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloOptions options)
    {
        var errors = new List<string>();
        if (options.Storage == StorageKind.Sqlite && string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            errors.Add("Silo:DataDirectory must be set when Silo:Storage is Sqlite.");
        }

        if (!Enum.IsDefined(options.Storage))
        {
            errors.Add("Silo:Storage must be Sqlite, Postgres or Memory.");
        }

        if (options.Storage == StorageKind.Postgres)
        {
            if (string.IsNullOrWhiteSpace(options.PostgresConnectionString))
            {
                errors.Add("Silo:PostgresConnectionString must be set when Silo:Storage is Postgres.");
            }
            else if (Runtime.PostgresConnection.ParseError(options.PostgresConnectionString) is { } problem)
            {
                errors.Add($"Silo:PostgresConnectionString is not a valid Npgsql connection string ({problem}).");
            }

            if (!Runtime.PostgresStorageOptions.IsValidSchema(options.PostgresSchema))
            {
                errors.Add("Silo:PostgresSchema must be a lower-case SQL identifier of at most 63 characters (letters, digits, '_', " +
                    $"not starting with a digit); it is '{options.PostgresSchema}'.");
            }
        }

        if (options.MaxUpdateBytes is < 1024 or > int.MaxValue)
        {
            errors.Add($"Silo:MaxUpdateBytes must be between 1024 and {int.MaxValue}.");
        }

        if (options.MaxJsonBytes is < 1024 or > 64L * 1024 * 1024)
        {
            errors.Add("Silo:MaxJsonBytes must be between 1024 and 67108864.");
        }

        if (options.LongPollMaxSeconds is < 1 or > 60)
        {
            errors.Add("Silo:LongPollMaxSeconds must be between 1 and 60.");
        }

        if (options.AdminToken is { } token && token.Length < 16)
        {
            errors.Add("Silo:AdminToken must be at least 16 characters when set.");
        }

        if (options.OtlpEndpoint is { Length: > 0 } endpoint && !Uri.TryCreate(endpoint, UriKind.Absolute, out _))
        {
            errors.Add("Silo:OtlpEndpoint must be an absolute URI.");
        }

        if (options.OtlpProtocol is not ("grpc" or "http/protobuf"))
        {
            errors.Add("Silo:OtlpProtocol must be 'grpc' or 'http/protobuf'.");
        }

        foreach (var (setName, set) in options.SecProbeValidationSets)
        {
            if (!Interfaces.Grains.GrainKeys.IsCampaignId(setName))
            {
                errors.Add($"Silo:SecProbeValidationSets:{setName}: the name must match [a-z0-9-]{{1,64}}.");
            }

            if (string.IsNullOrWhiteSpace(set.Images) || !File.Exists(set.Images))
            {
                errors.Add($"Silo:SecProbeValidationSets:{setName}:Images must name an existing IDX image file (got '{set.Images}').");
            }

            if (string.IsNullOrWhiteSpace(set.Labels) || !File.Exists(set.Labels))
            {
                errors.Add($"Silo:SecProbeValidationSets:{setName}:Labels must name an existing IDX label file (got '{set.Labels}').");
            }

            if (set.Count is < 1)
            {
                errors.Add($"Silo:SecProbeValidationSets:{setName}:Count must be at least 1 when set.");
            }

            if (set.Classes is < 2 or > 256)
            {
                errors.Add($"Silo:SecProbeValidationSets:{setName}:Classes must be between 2 and 256.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
