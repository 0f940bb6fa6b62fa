using System.Text.Json.Serialization;

namespace VivgridPS.Benchmarks;

/// <summary>Source-generated System.Text.Json for the shapes the hand-written readers parse (comparison only).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ChunkDto))]
public partial class SourceGenJson : JsonSerializerContext
{
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(CatalogDto))]
[JsonSerializable(typeof(LedgerLineDto))]
public partial class SourceGenCamelJson : JsonSerializerContext
{
}

public sealed class ChunkDto
{
    public string? Id { get; set; }
    public string? Model { get; set; }
    public long? Created { get; set; }
    public List<ChoiceDto>? Choices { get; set; }
    public UsageDto? Usage { get; set; }
    public ErrorDto? Error { get; set; }
}

public sealed class ChoiceDto
{
    public int Index { get; set; }
    public DeltaDto? Delta { get; set; }
    public DeltaDto? Message { get; set; }
    public string? FinishReason { get; set; }
}

public sealed class DeltaDto
{
    public string? Role { get; set; }
    public string? Content { get; set; }
    public string? ReasoningContent { get; set; }
    public string? Reasoning { get; set; }
    public string? Refusal { get; set; }
    public List<ToolCallDto>? ToolCalls { get; set; }
}

public sealed class ToolCallDto
{
    public int Index { get; set; }
    public string? Id { get; set; }
    public string? Type { get; set; }
    public FunctionDto? Function { get; set; }
}

public sealed class FunctionDto
{
    public string? Name { get; set; }
    public string? Arguments { get; set; }
}

public sealed class UsageDto
{
    public long? PromptTokens { get; set; }
    public long? CompletionTokens { get; set; }
    public long? TotalTokens { get; set; }
    public DetailsDto? PromptTokensDetails { get; set; }
    public DetailsDto? CompletionTokensDetails { get; set; }
}

public sealed class DetailsDto
{
    public long? CachedTokens { get; set; }
    public long? ReasoningTokens { get; set; }
}

public sealed class ErrorDto
{
    public string? Message { get; set; }
    public string? Type { get; set; }
}

public sealed class CatalogDto
{
    public int Version { get; set; }
    public List<CatalogModelDto>? Models { get; set; }
}

public sealed class CatalogModelDto
{
    public string? Id { get; set; }
    public string? Provider { get; set; }
    public decimal? InputPricePerMillion { get; set; }
    public decimal? CachedInputPricePerMillion { get; set; }
    public decimal? OutputPricePerMillion { get; set; }
    public int? ContextWindow { get; set; }
    public int? MaxOutputTokens { get; set; }
    public string[]? InputModalities { get; set; }
    public string? Api { get; set; }
    public string[]? ReasoningEfforts { get; set; }
    public string? DefaultReasoningEffort { get; set; }
    public string[]? SamplingEfforts { get; set; }
    public bool? SupportsStop { get; set; }
    public bool? SupportsTools { get; set; }
    public string? KnowledgeCutoff { get; set; }
    public string[]? Regions { get; set; }
    public string? Tokenizer { get; set; }
    public List<PriceTierDto>? PriceTiers { get; set; }
    public string[]? Sources { get; set; }
}

public sealed class PriceTierDto
{
    public int AboveInputTokens { get; set; }
    public decimal? InputPricePerMillion { get; set; }
    public decimal? CachedInputPricePerMillion { get; set; }
    public decimal? OutputPricePerMillion { get; set; }
}

public sealed class LedgerLineDto
{
    public string? Time { get; set; }
    public string? Model { get; set; }
    public string? RequestedModel { get; set; }
    public long InputTokens { get; set; }
    public long CachedInputTokens { get; set; }
    public long OutputTokens { get; set; }
    public long ReasoningTokens { get; set; }
    public decimal? CostUsd { get; set; }
    public decimal DurationMs { get; set; }
    public string? Status { get; set; }
    public bool IsEstimate { get; set; }
    public int? HttpStatus { get; set; }
    public bool OverBudget { get; set; }
    public string? Tag { get; set; }
    public string? Host { get; set; }
    public string? ScriptPath { get; set; }
    public string? Source { get; set; }
    public string? Prompt { get; set; }
    public string? Response { get; set; }
}
