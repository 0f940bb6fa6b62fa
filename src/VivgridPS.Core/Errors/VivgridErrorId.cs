namespace VivgridPS.Core.Errors
{
    /// <summary>
    /// Stable ErrorIds (SPEC §3). They become the first half of FullyQualifiedErrorId, so scripts match on them:
    /// never rename one.
    /// </summary>
    public static class VivgridErrorId
    {
        public const string ApiKeyMissing = nameof(ApiKeyMissing);
        public const string ApiKeyRejected = nameof(ApiKeyRejected);
        public const string PermissionDenied = nameof(PermissionDenied);
        public const string ModelNotFound = nameof(ModelNotFound);
        public const string ContextWindowExceeded = nameof(ContextWindowExceeded);
        public const string BudgetExceeded = nameof(BudgetExceeded);
        /// <summary>-MaxCost with no model named: the service would choose one ("managed") whose price is unknown.</summary>
        public const string BudgetNeedsModel = nameof(BudgetNeedsModel);
        public const string RateLimited = nameof(RateLimited);
        public const string ServerError = nameof(ServerError);
        public const string Timeout = nameof(Timeout);
        public const string StreamInterrupted = nameof(StreamInterrupted);
        public const string InvalidAttachment = nameof(InvalidAttachment);
        public const string InvalidJsonSchema = nameof(InvalidJsonSchema);
        public const string InvalidRequest = nameof(InvalidRequest);
        public const string InvalidArgument = nameof(InvalidArgument);
        public const string InvalidInputFile = nameof(InvalidInputFile);
        public const string ConnectionFailed = nameof(ConnectionFailed);
        public const string MalformedResponse = nameof(MalformedResponse);
        /// <summary>An SSE event, a body or a whole answer passed its cap (<see cref="Http.ResponseLimits"/>).</summary>
        public const string ResponseTooLarge = nameof(ResponseTooLarge);
        /// <summary>The service answered 3xx: redirects are never followed, so the key never goes to another host.</summary>
        public const string UnexpectedRedirect = nameof(UnexpectedRedirect);
        public const string ContentFiltered = nameof(ContentFiltered);
        public const string UnencryptedAuthentication = nameof(UnencryptedAuthentication);
        public const string OperationCanceled = nameof(OperationCanceled);
        public const string LedgerWriteFailed = nameof(LedgerWriteFailed);
        public const string LedgerReadFailed = nameof(LedgerReadFailed);
        public const string LedgerCorruptLine = nameof(LedgerCorruptLine);
        public const string CatalogInvalid = nameof(CatalogInvalid);
        public const string ToolFailed = nameof(ToolFailed);
        /// <summary>A failure that is not a <see cref="VivgridException"/>, i.e. a bug; kept with its own type.</summary>
        public const string UnexpectedError = nameof(UnexpectedError);
    }
}
