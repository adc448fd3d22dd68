// A small SVG line chart: no library, nothing loaded from outside the runner.
const svgNamespace = 'http://www.w3.org/2000/svg';
const width = 600;
const height = 180;
const margin = { top: 12, right: 12, bottom: 22, left: 56 };

function svgElement(tag, attributes = {}, text) {
  const element = document.createElementNS(svgNamespace, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/**
 * Draws series of numbers (null leaves a gap) over the same sample times into `container`.
 * `format` writes a value for the axis; `reference` draws a dashed line at that value (e.g. 100 % of a budget).
 */
export function drawLineChart(container, { title, times, series, format, reference }) {
  const values = series.flatMap((line) => line.values.filter((value) => value !== null));
  const top = Math.max(reference ?? 0, ...values, Number.MIN_VALUE) * 1.1 || 1;
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const x = (index) => margin.left + (times.length <= 1 ? plotWidth : (index / (times.length - 1)) * plotWidth);
  const y = (value) => margin.top + plotHeight - (value / top) * plotHeight;

  const svg = svgElement('svg', {
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': `${title}: ${series.map((line) => `${line.name} ${format(lastValue(line.values))}`).join(', ')}`,
    'data-points': values.length,
  });
  svg.append(
    svgElement('line', { x1: margin.left, y1: y(0), x2: width - margin.right, y2: y(0), class: 'axis' }),
    svgElement(
      'text',
      { x: margin.left - 6, y: y(top / 1.1) + 4, class: 'tick', 'text-anchor': 'end' },
      format(top / 1.1),
    ),
    svgElement('text', { x: margin.left - 6, y: y(0) + 4, class: 'tick', 'text-anchor': 'end' }, format(0)),
    svgElement('text', { x: margin.left, y: height - 4, class: 'tick' }, times.length > 0 ? clock(times[0]) : ''),
    svgElement(
      'text',
      { x: width - margin.right, y: height - 4, class: 'tick', 'text-anchor': 'end' },
      times.length > 0 ? clock(times.at(-1)) : '',
    ),
  );
  if (reference !== undefined) {
    svg.append(
      svgElement('line', {
        x1: margin.left,
        y1: y(reference),
        x2: width - margin.right,
        y2: y(reference),
        class: 'reference',
      }),
    );
  }
  series.forEach((line, seriesIndex) => {
    let path = '';
    let drawing = false;
    line.values.forEach((value, index) => {
      if (value === null) {
        drawing = false;
        return;
      }
      path += `${drawing ? 'L' : 'M'}${x(index).toFixed(1)},${y(value).toFixed(1)} `;
      drawing = true;
      // A lone point between gaps would be invisible as a path; a dot shows it.
      const previous = line.values[index - 1] ?? null;
      const next = line.values[index + 1] ?? null;
      if (previous === null && next === null) {
        svg.append(svgElement('circle', { cx: x(index), cy: y(value), r: 2.5, class: `series-${seriesIndex}` }));
      }
    });
    svg.append(svgElement('path', { d: path.trim(), class: `series-${seriesIndex}`, fill: 'none' }));
  });

  const legend = document.createElement('ul');
  legend.className = 'legend';
  series.forEach((line, seriesIndex) => {
    const item = document.createElement('li');
    item.className = `series-${seriesIndex}`;
    item.textContent = `${line.name}: ${format(lastValue(line.values))}`;
    legend.append(item);
  });
  container.replaceChildren(svg, legend);
}

function lastValue(values) {
  for (let index = values.length - 1; index >= 0; index--) if (values[index] !== null) return values[index];
  return null;
}

function clock(isoTime) {
  return new Date(isoTime).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}
