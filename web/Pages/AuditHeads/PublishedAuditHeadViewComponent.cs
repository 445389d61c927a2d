using IdentityOps.Core.Audit.PublishedHeads;
using Microsoft.AspNetCore.Mvc;

namespace IdentityOps.Web.Pages.AuditHeads;

/// <summary>
/// The trust page's "published audit head" section, self-contained (its view: Pages/Shared/Components/PublishedAuditHead/Default.cshtml): the operators' latest head as
/// published to the append-only store and the public key that verifies it, for anyone to keep.
/// </summary>
public sealed class PublishedAuditHeadViewComponent(GetPublishedAuditHeadQuery query) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
        => View(await query.GetOperatorHeadAsync(HttpContext.RequestAborted));
}
