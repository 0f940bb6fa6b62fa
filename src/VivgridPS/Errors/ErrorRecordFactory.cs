using System.Management.Automation;
using VivgridPS.Core.Errors;

namespace VivgridPS.Errors
{
    /// <summary>
    /// The one place exceptions become ErrorRecords: a stable ErrorId, the right category, the target, the
    /// service's own words in ErrorDetails and the next step in RecommendedAction (STYLE "Errors").
    /// </summary>
    internal static class ErrorRecordFactory
    {
        public static ErrorRecord Create(VivgridException exception, object? target = null)
        {
            var record = new ErrorRecord(exception, exception.ErrorId, Category(exception.Kind), target ?? exception.Target);
            var details = exception.Message;
            var api = exception.ApiError;
            if (api != null)
            {
                var parts = new System.Collections.Generic.List<string>();
                if (api.HttpStatus is { } status) parts.Add("HTTP " + status);
                if (api.Type != null) parts.Add("type " + api.Type);
                if (api.Code != null) parts.Add("code " + api.Code);
                if (api.Param != null) parts.Add("param " + api.Param);
                if (api.RequestId != null) parts.Add("request " + api.RequestId);
                if (parts.Count > 0) details += " [" + string.Join(", ", parts) + "]";
            }
            record.ErrorDetails = new ErrorDetails(details) { RecommendedAction = exception.RecommendedAction ?? string.Empty };
            return record;
        }

        public static ErrorRecord Create(string errorId, VivgridErrorKind kind, string message, string action, object? target)
        {
            return Create(new VivgridException(errorId, kind, message, action), target);
        }

        public static ErrorCategory Category(VivgridErrorKind kind)
        {
            switch (kind)
            {
                case VivgridErrorKind.InvalidArgument: return ErrorCategory.InvalidArgument;
                case VivgridErrorKind.InvalidData: return ErrorCategory.InvalidData;
                case VivgridErrorKind.Authentication: return ErrorCategory.AuthenticationError;
                case VivgridErrorKind.PermissionDenied: return ErrorCategory.PermissionDenied;
                case VivgridErrorKind.NotFound: return ErrorCategory.ObjectNotFound;
                case VivgridErrorKind.LimitsExceeded: return ErrorCategory.LimitsExceeded;
                case VivgridErrorKind.ResourceUnavailable: return ErrorCategory.ResourceUnavailable;
                case VivgridErrorKind.Timeout: return ErrorCategory.OperationTimeout;
                case VivgridErrorKind.ConnectionError: return ErrorCategory.ConnectionError;
                case VivgridErrorKind.ProtocolError: return ErrorCategory.ProtocolError;
                case VivgridErrorKind.Canceled: return ErrorCategory.OperationStopped;
                case VivgridErrorKind.WriteError: return ErrorCategory.WriteError;
                case VivgridErrorKind.ReadError: return ErrorCategory.ReadError;
                default: return ErrorCategory.NotSpecified;
            }
        }
    }
}
