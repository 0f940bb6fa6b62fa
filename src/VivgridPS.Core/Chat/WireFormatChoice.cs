using System;
using VivgridPS.Core.Errors;

namespace VivgridPS.Core.Chat
{
    /// <summary>The one place that reads $env:VIVGRID_WIRE_FORMAT, the default of -WireFormat.</summary>
    public static class WireFormatChoice
    {
        public const string EnvironmentVariable = "VIVGRID_WIRE_FORMAT";

        /// <summary>
        /// <paramref name="requested"/> (-WireFormat, also from $PSDefaultParameterValues) when given, else the
        /// environment variable, else OpenAI. A variable naming no format fails: a scheduled task must not silently
        /// fall back to a format its author did not pick.
        /// </summary>
        /// <exception cref="VivgridException">InvalidArgument when the variable is set to something else.</exception>
        public static WireFormat Resolve(WireFormat? requested, Func<string, string?>? getEnvironmentVariable = null)
        {
            if (requested is { } chosen) return chosen;
            var text = (getEnvironmentVariable ?? Environment.GetEnvironmentVariable)(EnvironmentVariable);
            if (string.IsNullOrWhiteSpace(text)) return WireFormat.OpenAI;
            var trimmed = text!.Trim();
            if (string.Equals(trimmed, nameof(WireFormat.OpenAI), StringComparison.OrdinalIgnoreCase)) return WireFormat.OpenAI;
            if (string.Equals(trimmed, nameof(WireFormat.Vivgrid), StringComparison.OrdinalIgnoreCase)) return WireFormat.Vivgrid;
            throw new VivgridException(VivgridErrorId.InvalidArgument, VivgridErrorKind.InvalidArgument,
                $"$env:{EnvironmentVariable} is '{trimmed}', which is not a wire format. Nothing was sent.",
                $"Set $env:{EnvironmentVariable} to OpenAI or Vivgrid, or remove it (OpenAI is the default).");
        }
    }
}
