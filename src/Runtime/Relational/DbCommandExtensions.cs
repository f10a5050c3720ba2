using System.Data;
using System.Data.Common;

namespace OrleansFed.Runtime;

/// <summary>Adds named parameters through the provider-neutral ADO.NET API.</summary>
internal static class DbCommandExtensions
{
    public static void Add(this DbCommand command, string name, object? value, DbType? type = null)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        if (type is { } dbType)
        {
            parameter.DbType = dbType;
        }

        command.Parameters.Add(parameter);
    }
}
