import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Markdown } from './markdown';

describe('Markdown', () => {
  it('renders what a person wrote: emphasis, lists and code', () => {
    const { container } = render(<Markdown>{'**Disk full** on:\n\n- node-1\n- node-2\n\n`df -h`'}</Markdown>);
    expect(container.querySelector('strong')?.textContent).toBe('Disk full');
    expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toEqual(['node-1', 'node-2']);
    expect(container.querySelector('code')?.textContent).toBe('df -h');
  });

  it('puts code blocks and tables in a box of their own that scrolls sideways, not the page', () => {
    const { container } = render(
      <Markdown>
        {'```\nqm start 100 --very-long-option\n```\n\n| Host | State |\n| --- | --- |\n| h1 | on |'}
      </Markdown>,
    );
    expect(container.querySelector('.markdown-scroll > pre > code')?.textContent).toContain('qm start 100');
    expect(container.querySelector('.markdown-scroll > table')).not.toBeNull();
  });

  it('never renders raw HTML: no script, no element from the text, no event handler', () => {
    const { container } = render(
      <Markdown>
        {
          'Hello <script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\n<b onclick="alert(3)">bold</b>'
        }
      </Markdown>,
    );
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    expect(container.innerHTML).not.toContain('onerror');
    expect(container.innerHTML).not.toContain('onclick');
  });

  it('drops javascript: and data: addresses, keeping the words', () => {
    const { container } = render(
      <Markdown>
        {'[x](javascript:alert(1)) [y](JavaScript:alert(1)) [z](data:text/html,hi) ![i](javascript:1)'}
      </Markdown>,
    );
    for (const element of container.querySelectorAll('[href], [src]')) {
      expect(element.getAttribute('href') ?? element.getAttribute('src')).not.toMatch(
        /^\s*(javascript|data):/i,
      );
    }
    expect(container.innerHTML.toLowerCase()).not.toContain('javascript:');
    expect(container.textContent).toContain('x');
  });

  it('opens links in a new tab with rel="noopener nofollow"', () => {
    render(<Markdown>{'See [the docs](https://docs.example.com/x) and https://example.com/y'}</Markdown>);
    const links = screen.getAllByRole('link');
    expect(links).toHaveLength(2);
    for (const link of links) {
      expect(link.getAttribute('target')).toBe('_blank');
      expect(link.getAttribute('rel')?.split(' ')).toEqual(expect.arrayContaining(['noopener', 'nofollow']));
    }
    expect(screen.getByRole('link', { name: 'the docs' }).getAttribute('href')).toBe(
      'https://docs.example.com/x',
    );
  });
});
