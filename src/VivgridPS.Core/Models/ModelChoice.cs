using System;

namespace VivgridPS.Core.Models
{
    /// <summary>The one place that reads $env:VIVGRID_MODEL, so every command picks a model by the same rule.</summary>
    public static class ModelChoice
    {
        public const string EnvironmentVariable = "VIVGRID_MODEL";
        /// <summary>The name that asks for the service's default model (the model is left out of the request).</summary>
        public const string Managed = "managed";

        /// <summary>
        /// <paramref name="requested"/> (-Model) when it names a model, else $env:VIVGRID_MODEL, trimmed; null when
        /// neither names one or the name is <see cref="Managed"/>: the service default answers.
        /// </summary>
        public static string? Resolve(string? requested, Func<string, string?>? getEnvironmentVariable = null)
        {
            var model = string.IsNullOrWhiteSpace(requested)
                ? (getEnvironmentVariable ?? Environment.GetEnvironmentVariable)(EnvironmentVariable)
                : requested;
            if (string.IsNullOrWhiteSpace(model)) return null;
            var trimmed = model!.Trim();
            return string.Equals(trimmed, Managed, StringComparison.OrdinalIgnoreCase) ? null : trimmed;
        }
    }
}
