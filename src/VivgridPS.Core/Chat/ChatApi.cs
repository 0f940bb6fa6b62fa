namespace VivgridPS.Core.Chat
{
    /// <summary>Which endpoint serves a model: Chat Completions, or the Responses API (codex models).</summary>
    public enum ChatApi
    {
        Chat,
        Responses,
    }
}
