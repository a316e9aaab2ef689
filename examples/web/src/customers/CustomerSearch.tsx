import { type FormEvent, useEffect, useState } from "react";
import { useDebouncedValue } from "./use-debounced-value";

/** Props of {@link CustomerSearch}. */
export interface CustomerSearchProps {
  /** Told the text to search for (trimmed; "" for everyone) once typing pauses, or at once on Enter. */
  onSearch: (text: string) => void;
}

/** How long typing must pause before the list is asked again. */
const PAUSE_MS = 300;

/** The list's search box: what it holds goes to the gateway as `filter.search`. */
export function CustomerSearch({ onSearch }: CustomerSearchProps) {
  const [typed, setTyped] = useState("");
  const settled = useDebouncedValue(typed.trim(), PAUSE_MS);
  useEffect(() => onSearch(settled), [settled]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onSearch(typed.trim());
  }

  return (
    <form role="search" className="search-form" onSubmit={submit}>
      <label htmlFor="customer-search">Search customers</label>
      <input
        id="customer-search"
        name="search"
        inputMode="search"
        enterKeyHint="search"
        autoComplete="off"
        spellCheck={false}
        placeholder="Name, email, phone or city"
        aria-describedby="customer-search-hint"
        value={typed}
        onChange={(event) => setTyped(event.target.value)}
      />
      <p id="customer-search-hint" className="visually-hidden">
        The list narrows as you type.
      </p>
    </form>
  );
}
