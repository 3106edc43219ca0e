"""Settings of the AI content app and the Anthropic client built from them."""

from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy as _

NOT_CONFIGURED_REASON = _(
    "AI generation is switched off: the server has no ANTHROPIC_API_KEY. "
    "Ask an administrator to set it; everything else keeps working."
)


def is_configured() -> bool:
    return bool(getattr(settings, "ANTHROPIC_API_KEY", ""))


def model_name() -> str:
    return settings.ANTHROPIC_MODEL


def request_options() -> dict:
    """The model parameters every request shares (model, max tokens, temperature)."""
    return {
        "model": settings.ANTHROPIC_MODEL,
        "max_tokens": settings.ANTHROPIC_MAX_TOKENS,
        "temperature": settings.ANTHROPIC_TEMPERATURE,
    }


def batch_threshold() -> int:
    return settings.AICONTENT_BATCH_THRESHOLD


def batch_poll_seconds() -> int:
    return settings.AICONTENT_BATCH_POLL_SECONDS


def token_prices() -> tuple[Decimal, Decimal]:
    """USD per million input and output tokens."""
    return (Decimal(str(settings.ANTHROPIC_PRICE_INPUT_PER_MTOK)),
            Decimal(str(settings.ANTHROPIC_PRICE_OUTPUT_PER_MTOK)))


def get_client():
    """An Anthropic client; the SDK retries 429, 5xx and 529 (overloaded) with backoff,
    honouring the server's retry-after."""
    import anthropic

    return anthropic.Anthropic(
        api_key=settings.ANTHROPIC_API_KEY,
        base_url=settings.ANTHROPIC_BASE_URL or None,
        max_retries=settings.ANTHROPIC_MAX_RETRIES,
        timeout=settings.ANTHROPIC_TIMEOUT,
    )
